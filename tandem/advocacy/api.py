from ninja import Router

router = Router(tags=[" opportunities, introductions, resources:advocacy"])
