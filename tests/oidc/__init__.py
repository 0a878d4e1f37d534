"""A real OpenID Connect provider (npm ``oidc-provider``) for the single sign-on tests."""
