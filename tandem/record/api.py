from ninja import Router

router = Router(tags=[" timeline and export:record"])
