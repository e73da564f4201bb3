"""A pytest plugin for benchmark runs whose moto server lives in another process: S3
Control's ``<account id>.127.0.0.1`` host resolves to the loopback address in the suite's
process too (fixtures/demo/moto/s3control.py; the demo and the tests install it in the
process that serves moto, which is also theirs)."""

from fixtures.demo.moto import s3control

s3control.install()
