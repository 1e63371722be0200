"""``python -m route53_assoc``: the same as the ``route53-assoc`` command."""

import sys

from .cli import main

sys.exit(main())
