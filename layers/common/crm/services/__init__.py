"""Domain services: the rules. They take plain values and a RequestContext, never an API Gateway event."""
