resource "aws_kms_key" "memory" {}

resource "aws_bedrockagentcore_memory" "good_encrypted" {
  name               = "good_encrypted"
  encryption_key_arn = aws_kms_key.memory.arn
}

resource "aws_bedrockagentcore_memory" "good_plain" {
  name = "good_plain"
}

resource "aws_bedrockagentcore_memory" "odd_expression" {
  name               = "odd_expression"
  encryption_key_arn = try(var.nothing, "x") == "y" ? (true ? "a" : "b") : "c ? d : e"
}
