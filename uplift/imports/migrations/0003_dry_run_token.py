from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0002_parsed_table_and_heartbeat'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='importjob',
            name='check_token',
            field=models.CharField(blank=True, help_text="Set when a dry run finishes, cleared when the mapping changes: the import must quote it, so only the report of the current mapping that the importer was shown can be committed", max_length=32),
        ),
        migrations.AddField(
            model_name='importjob',
            name='checked_by',
            field=models.ForeignKey(blank=True, help_text='Whose dry run (scope) the token belongs to', null=True, on_delete=models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
    ]
