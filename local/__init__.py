"""A Docker-free stand-in for `sam local start-api` / `sam local invoke`, driven by template.yaml."""
