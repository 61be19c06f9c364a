"""Tests of peerimpact.mis: attendance and behaviour exports."""
