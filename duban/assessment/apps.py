from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "duban.assessment"
    verbose_name = "绩效考核"

    def ready(self):
        from duban.audit.registry import audit

        from .models import Appeal, Entry, FinalLine, FinalScore, Part, Rule, Scheme

        audit(Scheme)
        audit(Part)
        audit(Rule)
        audit(Entry)
        audit(Appeal)
        audit(FinalScore)
        audit(FinalLine)
