"""duban's clock: a pinned day keeps the real time of day; a pinned moment (settings only) is that moment."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from duban import clock


def test_a_pinned_day_keeps_the_real_time_of_day(settings):
    settings.DUBAN_TODAY = date(2020, 12, 28)
    now, real = clock.now(), timezone.localtime()
    assert clock.today() == date(2020, 12, 28) and now.date() == date(2020, 12, 28)
    assert abs(now.replace(year=real.year, month=real.month, day=real.day) - real) < timedelta(minutes=1)


def test_a_pinned_moment_is_that_moment_and_its_day(settings):
    moment = timezone.make_aware(datetime.combine(date(2020, 12, 1), time(0, 30)))  # 00:30 in TIME_ZONE (UTC+8)
    settings.DUBAN_TODAY = moment
    assert clock.now() == moment and clock.today() == date(2020, 12, 1)  # the local day, not UTC's 30 November
