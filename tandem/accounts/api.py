from __future__ import annotations

from ninja import Router, Status

from tandem.accounts import selectors, services
from tandem.accounts.permissions import access_token
from tandem.accounts.schemas import (
    AccountOut,
    MyProfileOut,
    NewTokenOut,
    ProfileIn,
    TokenIn,
    TokenOut,
    WindowIn,
    WindowOut,
)
from tandem.core.schemas import ACCESS_ERRORS, READ_ERRORS

router = Router(tags=["account"])


@router.get("", response={200: AccountOut, **READ_ERRORS}, summary="My account")
def me(request):
    user = request.user
    profile = selectors.profile_of(user)
    return {"id": user.pk, "email": user.email, "display_name": user.display_name,
            "is_coordinator": user.is_coordinator, "is_staff": user.is_staff,
            "profile_id": profile.pk}


@router.get("/profile", response={200: MyProfileOut, **READ_ERRORS}, summary="My profile")
def my_profile(request):
    return selectors.own_profile(request.user)


@router.patch("/profile", response={200: MyProfileOut, **ACCESS_ERRORS},
              summary="Change my profile")
def update_profile(request, payload: ProfileIn):
    profile = selectors.profile_of(request.user)
    services.profile_update(actor=request.user, profile=profile,
                            changes=payload.model_dump(exclude_unset=True))
    return selectors.own_profile(request.user)


@router.put("/availability", response={200: list[WindowOut], **ACCESS_ERRORS},
            summary="Replace my weekly availability")
def replace_availability(request, payload: list[WindowIn]):
    profile = selectors.profile_of(request.user)
    services.availability_replace(actor=request.user, profile=profile,
                                  windows=[w.model_dump() for w in payload])
    return list(selectors.profile_of(request.user).availability.all())


@router.get("/tokens", response={200: list[TokenOut], **READ_ERRORS}, summary="My API tokens")
def list_tokens(request):
    return list(selectors.tokens_of(request.user))


@router.post("/tokens", response={201: NewTokenOut, **ACCESS_ERRORS}, summary="Make an API token")
def create_token(request, payload: TokenIn):
    token, secret = services.token_create(actor=request.user, name=payload.name)
    token.token = secret
    return Status(201, token)


@router.delete("/tokens/{token_id}", response={204: None, **ACCESS_ERRORS},
               summary="Revoke a token")
def revoke_token(request, token_id: int):
    token = access_token(request.user, token_id, write=True)
    services.token_revoke(actor=request.user, token=token)
    return Status(204, None)
