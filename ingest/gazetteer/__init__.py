"""Authorities: central bodies, local units and the administrative map (vietnamadminunits)."""
