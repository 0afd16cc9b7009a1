from django import forms


class PersonSearchForm(forms.Form):
    text = forms.CharField(label="Person's reference or name", max_length=200,
                           help_text="For example, P-000123 or Allsop",
                           error_messages={"required": "Enter the person's reference or name"})
