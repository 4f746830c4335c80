# coding:utf-8
"""The storage system Hitachi's sample operates on: the vsp-simulator's defaults.

Written for vsp-shadowimage (not part of Hitachi's sample). Override with VSP_STORAGE_MODEL and
VSP_SERIAL_NUMBER.
"""
import os

STORAGE_MODEL = os.environ.get("VSP_STORAGE_MODEL", "VSP E590H")
SERIAL_NUMBER = int(os.environ.get("VSP_SERIAL_NUMBER", "400123"))
