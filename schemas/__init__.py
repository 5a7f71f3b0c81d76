"""Record models, taxonomy tables and the Arrow schemas derived from them.

The pydantic models in :mod:`schemas.records` are the single source of truth for every column;
Arrow schemas (:mod:`schemas.arrow`), the data dictionary (:mod:`schemas.dictionary`) and the JSON
Schema files in ``schemas/json/`` are generated from them.
"""

SCHEMA_VERSION = "1.0.0"
