#pragma once
// Client identities (Id{scheme,id}) as ZooKeeper's auth providers derive them,
// and ACL fix-up on create/setACL. ACLs are recorded, never enforced.
//
//   ip       every connection has ip:<client address> (not "authenticated")
//   digest   addAuth digest user:password gives digest:user:base64(sha1(user:password))

#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "coordination/messages.h"
#include "coordination/zk_codes.h"

namespace odradek::coordination {

std::string sha1_base64(std::string_view text);
// The digest id for "user:password": "user:" + base64(sha1(user:password)).
std::string digest_id(std::string_view user_password);

// ZooKeeper's fixupACL: an empty list is INVALIDACL; "auth" entries are replaced by
// the connection's authenticated (digest) ids, INVALIDACL when it has none; world
// must be "anyone"; digest ids need "user:hash"; unknown schemes are INVALIDACL.
// Duplicates are removed.
zk_error fixup_acl(acl_list& acl, const std::vector<zk_id>& auth_ids);

}  // namespace odradek::coordination
