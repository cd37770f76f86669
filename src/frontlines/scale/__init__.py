"""Scale: batch runs on Dask (:mod:`.batch`), feed watching (:mod:`.watch`, :mod:`.fetch`) and the
speed benchmark (:mod:`.bench`). Everything here reaches the rest of frontlines only through
:class:`frontlines.api.Frontlines`. Nothing is imported eagerly: import the sub-module you need."""
