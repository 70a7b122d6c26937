"""Cover: the coverage engine (pure, in `domain`) and the yearly pots it decides against (Art. 5)."""
