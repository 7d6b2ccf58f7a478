from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def role_groups_ensure(**kwargs: object) -> None:
    """Create the four role groups when missing (post_migrate).

    The data migration creates them once; this keeps them after a database flush (which
    transactional tests do and which re-emits post_migrate), so a role never goes missing.
    """
    from django.contrib.auth.models import Group

    from accounts.roles import Role

    for role in Role:
        Group.objects.get_or_create(name=role.value)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and offices")

    def ready(self) -> None:
        post_migrate.connect(role_groups_ensure, sender=self, dispatch_uid="accounts.role_groups_ensure")
