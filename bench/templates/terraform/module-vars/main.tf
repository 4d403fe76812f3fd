module "bucket" {
  source       = "./modules/bucket"
  name         = "acme-exports"
  reader_arns  = ["arn:aws:iam::444455556666:role/importer"]
}

module "registry_bucket" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "4.1.0"
  bucket  = "acme-registry"
}
