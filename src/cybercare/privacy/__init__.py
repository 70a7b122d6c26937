"""Personal data (Art. 11, GDPR): the read log ("who read my data"); exports, retention and
consents live beside it."""
