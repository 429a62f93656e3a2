"""PeerTrain's test suite."""
