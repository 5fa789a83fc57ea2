resource "aws_bedrockagentcore_memory" "broken" {
  name               = "broken"
  encryption_key_arn = 
