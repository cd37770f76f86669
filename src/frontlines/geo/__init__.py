"""Places: the GeoNames gazetteer and distance helpers."""
