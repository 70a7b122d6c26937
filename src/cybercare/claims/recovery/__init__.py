"""Recovery files (Art. 8.5): their SQL (`repository`) and read models (`*_queries`)."""
