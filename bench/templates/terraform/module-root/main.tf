module "logs_bucket" {
  source      = "./modules/bucket"
  name        = "acme-central-logs"
  org_id      = "o-abc123def4"
  enable_read = true
}

module "vendor_bucket" {
  source = "./modules/bucket"
  name   = "acme-vendor-drop"
  org_id = var.vendor_org
}

variable "vendor_org" {
  type    = string
  default = "o-vendor0001"
}

output "logs_bucket_arn" {
  value = module.logs_bucket.arn
}
