"""The kinds of visitor of the mixed traffic (bench.traffic), one module each."""
