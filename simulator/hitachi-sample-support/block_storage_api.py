# coding:utf-8
"""URL builders for the Configuration Manager REST API, as Hitachi's ShadowImage sample calls them.

Written for vsp-shadowimage (not part of Hitachi's sample). Builds the storage-scoped URL form
https://HOST:PORT/ConfigurationManager/v1/objects/storages/{storageDeviceId}/... by default; set
VSP_URL_FORM=embedded for the unscoped form .../v1/objects/... . Set VSP_REST_SCHEME=http for plain HTTP.
"""
import os

# 6-character storageDeviceId prefixes by model (serial number follows, zero-padded to 6 digits).
_MODEL_PREFIXES = [
    (("VSP 5100", "VSP 5500", "VSP 5100H", "VSP 5500H", "VSP 5200", "VSP 5600", "VSP 5200H", "VSP 5600H"), "900000"),
    (("VSP E590", "VSP E790", "VSP E590H", "VSP E790H"), "934000"),
    (("VSP E990",), "936000"),
    (("VSP E1090", "VSP E1090H"), "938000"),
    (("VSP G370", "VSP G700", "VSP G900", "VSP F370", "VSP F700", "VSP F900"), "886000"),
    (("VSP G350", "VSP F350"), "882000"),
    (("VSP G130",), "880000"),
    (("VSP G800", "VSP F800"), "836000"),
    (("VSP G400", "VSP G600", "VSP F400", "VSP F600"), "834000"),
    (("VSP G200",), "832000"),
    (("VSP G1000", "VSP G1500", "VSP F1500"), "800000"),
]


def storage_device_id(model, serial_number):
    for models, prefix in _MODEL_PREFIXES:
        if model.upper() in models:
            return prefix + "%06d" % (int(serial_number) % 1000000)
    raise ValueError("unknown storage model: " + model)


class BlockStorageAPI:
    def __init__(self, rest_server_ip_addr, rest_server_port, storage_model, serial_number):
        scheme = os.environ.get("VSP_REST_SCHEME", "https")
        self.base_url = "%s://%s:%d" % (scheme, rest_server_ip_addr, int(rest_server_port))
        self.storage_id = storage_device_id(storage_model, serial_number)
        root = self.base_url + "/ConfigurationManager/v1/objects"
        if os.environ.get("VSP_URL_FORM", "rest-server") == "embedded":
            self.object_url = root
        else:
            self.object_url = root + "/storages/" + self.storage_id

    def api_version(self):
        return self.base_url + "/ConfigurationManager/configuration/version"

    def generate_session(self):
        return self.object_url + "/sessions"

    def discard_session(self, session_id):
        return self.object_url + "/sessions/" + str(session_id)

    def job(self, job_id):
        return self.object_url + "/jobs/" + str(job_id)

    def ldev(self, ldev_id):
        return self.object_url + "/ldevs/" + str(ldev_id)

    def local_copy_pairs(self):
        return self.object_url + "/local-clone-copypairs"

    def local_copy_groups(self):
        return self.object_url + "/local-clone-copygroups"

    def affected_resource(self, affected_resource):
        # Jobs report affected resources as absolute paths (/ConfigurationManager/...).
        return self.base_url + affected_resource

    def split_local_copy_pair_template(self, pair_url):
        return pair_url + "/actions/split"

    def split_local_copy_pair(self, pair_url):
        return pair_url + "/actions/split/invoke"

    def resync_local_copy_pair_template(self, pair_url):
        return pair_url + "/actions/resync"

    def resync_local_copy_pair(self, pair_url):
        return pair_url + "/actions/resync/invoke"
