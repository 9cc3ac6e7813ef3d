from django.apps import AppConfig


class PeerSupportConfig(AppConfig):
    name = "peersupport"
    verbose_name = "Peer Support program"
