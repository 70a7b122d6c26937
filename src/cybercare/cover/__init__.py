"""Cover: the coverage engine (pure, in `domain`) and the yearly pots it uses (Art. 5)."""
