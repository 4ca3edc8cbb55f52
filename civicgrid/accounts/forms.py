"""Forms of the accounts pages: a resident's own sign-up."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import Role, User

MOBILE = re.compile(r"^1[3-9]\d{9}$")


class ResidentSignUpForm(BaseUserCreationForm):
    """A resident creates their own account to follow reports and applications. Staff accounts
    are never created here: the role is fixed to resident and no scope can be set."""

    full_name = forms.CharField(label=_("Full name"), max_length=60)
    phone = forms.CharField(label=_("Mobile phone"), max_length=11)

    class Meta:
        model = User
        fields = ("username", "full_name", "phone")

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not MOBILE.match(phone):
            raise forms.ValidationError(_("Enter an 11-digit mobile number."))
        return phone

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=False)
        user.role = Role.RESIDENT
        user.scope_region = None
        user.department = None
        if commit:
            user.save()
        return user
