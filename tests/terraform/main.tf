terraform {
  required_providers { aws = { source = "hashicorp/aws", version = "5.100.0" } }
}
variable "endpoint" { type = string }
locals { endpoint = var.endpoint }
provider "aws" {
  alias = "a"
  region = "us-east-1"
  access_key = "111111111111"
  secret_key = "secret"
  skip_credentials_validation = true
  skip_requesting_account_id = true
  skip_metadata_api_check = true
  skip_region_validation = true
  endpoints {
    ec2 = local.endpoint
    route53 = local.endpoint
    sts = local.endpoint
  }
}
provider "aws" {
  alias = "b"
  region = "us-east-1"
  access_key = "222222222222"
  secret_key = "secret"
  skip_credentials_validation = true
  skip_requesting_account_id = true
  skip_metadata_api_check = true
  skip_region_validation = true
  endpoints {
    ec2 = local.endpoint
    route53 = local.endpoint
    sts = local.endpoint
  }
}
resource "aws_vpc" "a" {
  provider = aws.a
  cidr_block = "10.0.0.0/16"
  enable_dns_hostnames = true
}
resource "aws_vpc" "b" {
  provider = aws.b
  cidr_block = "10.1.0.0/16"
  enable_dns_hostnames = true
}
resource "aws_route53_zone" "z" {
  provider = aws.a
  name = "example.internal"
  vpc { vpc_id = aws_vpc.a.id }
  lifecycle { ignore_changes = [vpc] }
}
resource "aws_route53_vpc_association_authorization" "auth" {
  provider = aws.a
  zone_id = aws_route53_zone.z.zone_id
  vpc_id = aws_vpc.b.id
}
# Account b's VPC joins a's zone: authorized by a, associated by b.
resource "aws_route53_zone_association" "assoc" {
  provider = aws.b
  zone_id = aws_route53_vpc_association_authorization.auth.zone_id
  vpc_id = aws_route53_vpc_association_authorization.auth.vpc_id
}

# A second association of the same VPC, switched on by the test: AWS refuses it.
variable "duplicate" {
  type    = bool
  default = false
}
resource "aws_route53_zone_association" "again" {
  count      = var.duplicate ? 1 : 0
  provider   = aws.b
  zone_id    = aws_route53_zone.z.zone_id
  vpc_id     = aws_vpc.b.id
  depends_on = [aws_route53_zone_association.assoc]
}
