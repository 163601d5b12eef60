"""The cascade corpus generator with ground truth."""
