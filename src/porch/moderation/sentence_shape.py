"""The sentence model's vector size, shared by the encoder, its graph and the heads.

Its own module so that ``sentence`` (which builds the graph on first use) and
``sentence_graph`` (which writes it) both read it without importing each other.
"""

# all-MiniLM-L6-v2's hidden size: the length of every sentence vector.
DIMENSIONS = 384
