"""Pushing a map's news to the firms that subscribed (issue 15, docs/watch.md): who subscribed
and to what (``subscriptions``), one digest per subscriber and map version (``digest``), and
delivering them over SMTP once each (``mail``). The words of digests, in English and Chinese,
are in ``strings``."""
