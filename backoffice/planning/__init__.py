"""Planning screens under /kantor/perencanaan/, one module per screen: the planning page
and its imports (`home`), a stage's analysis (`analysis`), a scenario or own set
(`scenario`), the comparison (`comparison`), a rumpun's profile (`profile`); their forms
in `forms`, what they share in `common`."""
