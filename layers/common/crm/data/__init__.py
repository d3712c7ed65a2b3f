"""Data access: PynamoDB models, one table per entity, and the AWS adapters. Nothing above this
package talks to boto3 or PynamoDB."""
