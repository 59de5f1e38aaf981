"""System package managers on the profiles: APK (apk), DNF (dnf, dnf5, yum, microdnf), ZYP (zypper)."""

from dockerls.rules.system import apk, dnf, zypper

RULES = (*apk.RULES, *dnf.RULES, *zypper.RULES)
