"""Premium billing and collection (Art. 9.1, 9.3, 9.6): schedule, channels, dunning, the run."""
