# coding:utf-8
"""Where Hitachi's sample finds the REST API: the vsp-simulator by default.

Written for vsp-shadowimage (not part of Hitachi's sample). Override with the environment variables
VSP_REST_HOST and VSP_REST_PORT.
"""
import os

REST_SERVER_IP_ADDR = os.environ.get("VSP_REST_HOST", "127.0.0.1")
REST_SERVER_PORT = int(os.environ.get("VSP_REST_PORT", "23451"))
