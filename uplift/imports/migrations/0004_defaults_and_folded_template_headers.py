from django.db import migrations, models


def refold_template_headers(apps, schema_editor):
    """Saved mappings are keyed by the header as compared; headers are now compared folded (tone marks too)."""
    from uplift.imports.core.mapping import header_key

    for template in apps.get_model("imports", "MappingTemplate").objects.all():
        template.columns = {header_key(k): v for k, v in template.columns.items()}
        template.save(update_fields=["columns"])


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0003_dry_run_token'),
    ]

    operations = [
        migrations.AddField(
            model_name='importjob',
            name='defaults',
            field=models.JSONField(blank=True, default=dict, help_text='field → value as written, for fields the sheet lacks or leaves blank', verbose_name='values for the whole file'),
        ),
        migrations.AlterField(
            model_name='importjob',
            name='issues',
            field=models.JSONField(blank=True, default=list, help_text='[row, column, value, code, params, sequence]'),
        ),
        migrations.AlterField(
            model_name='importjob',
            name='kind',
            field=models.CharField(choices=[('entrepreneurs', 'entrepreneurs (with their products, people and sales)'), ('products', 'products'), ('sales', 'monthly sales')], default='entrepreneurs', max_length=16, verbose_name='data'),
        ),
        migrations.AlterField(
            model_name='mappingtemplate',
            name='kind',
            field=models.CharField(choices=[('entrepreneurs', 'entrepreneurs (with their products, people and sales)'), ('products', 'products'), ('sales', 'monthly sales')], max_length=16, verbose_name='data'),
        ),
        migrations.RunPython(refold_template_headers, migrations.RunPython.noop),
    ]
