"""A notification is written once per recipient and key; sending it again is a no-op."""

from django.conf import settings
from django.db import models

from duban.zones.models import Zone


class Notification(models.Model):
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="接收人"
    )
    # What the notification is about, e.g. "report-overdue:cycle=3:assignment=7:department=2".
    # Unique per recipient: that is what makes reminders idempotent.
    key = models.CharField("去重键", max_length=200)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_unique_key")]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


class Webhook(models.Model):
    """A group robot of DingTalk (钉钉) or WeCom (企业微信) that receives the zone's reminders."""

    class Kind(models.TextChoices):
        DINGTALK = "dingtalk", "钉钉群机器人"
        WECOM = "wecom", "企业微信群机器人"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="webhooks", verbose_name="开发区")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    url = models.URLField("地址", max_length=500)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "群机器人"
        verbose_name_plural = "群机器人"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.zone}）"


class WebhookDelivery(models.Model):
    """One message per webhook and key: a second run of the reminders posts nothing twice."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name="群机器人")
    key = models.CharField("消息键", max_length=200)
    sent_at = models.DateTimeField("推送时间", auto_now_add=True)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "群机器人推送"
        verbose_name_plural = "群机器人推送"
        constraints = [models.UniqueConstraint(fields=["webhook", "key"], name="webhookdelivery_unique_key")]
