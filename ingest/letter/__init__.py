"""A letter's own fields: header, number, place and date, subject, recipients, signer, issuer."""
