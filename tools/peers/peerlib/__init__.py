"""The peer benchmark harness behind tools/peers/peers.py."""
