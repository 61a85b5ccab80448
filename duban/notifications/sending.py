"""notify(): write a notification for each recipient, e-mail it, post it to the zone's group robots.

Every channel is keyed: calling notify() again with the same key sends nothing new,
so a reminder job can run as often as cron likes.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification, Webhook, WebhookDelivery

log = logging.getLogger("duban.notifications")


def notify(zone, recipients: Iterable, key: str, title: str, body: str = "", link: str = "") -> list[Notification]:
    """Notify each recipient once per key.  Returns the notifications created now (empty when all existed)."""
    created = []
    for user in {u.pk: u for u in recipients}.values():
        notification, is_new = Notification.objects.get_or_create(
            recipient=user, key=key, defaults={"zone": zone, "title": title, "body": body, "link": link}
        )
        if is_new:
            created.append(notification)
            _email(notification)
    if created:
        _post_to_webhooks(zone, key, title, body)
    return created


def _email(notification: Notification) -> None:
    address = notification.recipient.email
    if not address:
        return
    try:
        send_mail(f"【督办】{notification.title}", notification.body, None, [address])
    except OSError:  # a mail server being down must not stop the reminders
        log.exception("mail to %s failed", address)
        return
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def webhook_message(kind: str, title: str, body: str) -> dict:
    """The text message both DingTalk and WeCom group robots accept."""
    text = f"【督办】{title}\n{body}".strip()
    return {"msgtype": "text", "text": {"content": text}}


def _post_to_webhooks(zone, key: str, title: str, body: str) -> None:
    for webhook in Webhook.objects.filter(zone=zone, active=True):
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(webhook=webhook, key=key)
        except IntegrityError:
            continue  # already posted for this key
        error = post_json(webhook.url, webhook_message(webhook.kind, title, body))
        if error:
            WebhookDelivery.objects.filter(pk=delivery.pk).update(error=error)


def post_json(url: str, payload: dict) -> str:
    """POST a JSON payload; returns "" on success or the error text (logged, never raised)."""
    request = urllib.request.Request(
        url, data=json.dumps(payload, ensure_ascii=False).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=getattr(settings, "DUBAN_WEBHOOK_TIMEOUT", 5)) as response:
            response.read()
    except OSError as error:
        log.warning("webhook %s failed: %s", url, error)
        return str(error)
    return ""
