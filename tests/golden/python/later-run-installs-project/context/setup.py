from setuptools import setup
setup(install_requires=open('requirements.txt').read().split())
