"""Halo Warga app server: channels, conversation routing, back office."""
