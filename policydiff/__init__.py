"""policydiff — clause-aware diff of Japanese privacy policies and terms of service."""
