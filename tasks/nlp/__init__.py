"""spaCy side of newsevents: the model loader and the registered ``newsevents_*`` pipeline components."""
