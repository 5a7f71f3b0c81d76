"""Place names to coordinates, offline (see ``gazetteer``)."""

from eventwire.geo.gazetteer import Gazetteer, Place, build_index, load_gazetteer

__all__ = ["Gazetteer", "Place", "build_index", "load_gazetteer"]
