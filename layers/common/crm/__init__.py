"""The shared package of the CRM.COM Self-Service API, shipped to every function as a Lambda layer.

Layers, top to bottom (an import never points up):
  services/  domain rules (who may do what, registration, sign-in, sessions)
  data/      data access (PynamoDB models, AWS adapters)
Cross-cutting: errors, settings, http (the resolver set-up), context, tokens, passwords, paging.
"""
