"""Places: the offline gazetteer, toponym recognition and resolution, routes and maps."""
