;; A component written by hand, for the one test that needs it: two core modules, each
;; with a linear memory of its own, and a table. A toolchain-built skill has one memory, so
;; this is how the tests prove that the memory cap covers every memory and table of a run
;; together. It implements a2a:skill/skill@0.1.0 with two skills:
;;   two-memories: grows each memory by 10 MiB (160 pages);
;;   big-table:    grows a table by 600 000 entries (4.8 MB of 8-byte entries).
;; Both complete if the host lets them.
(component
  (core module $Extra
    (memory (export "memory") 1)
    (func (export "grow") (param i32) (result i32)
      local.get 0
      memory.grow))

  (core module $Main
    (import "extra" "grow" (func $grow_extra (param i32) (result i32)))
    (memory (export "memory") 1)
    (table $t 1 funcref)
    (global $heap (mut i32) (i32.const 4096))

    ;; A bump allocator for the values the host passes in.
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $ptr i32)
      global.get $heap
      local.get 2
      i32.add
      i32.const 1
      i32.sub
      i32.const 0
      local.get 2
      i32.sub
      i32.and
      local.set $ptr
      local.get $ptr
      local.get 3
      i32.add
      global.set $heap
      block $done
        loop $more
          global.get $heap
          memory.size
          i32.const 16
          i32.shl
          i32.le_u
          br_if $done
          i32.const 1
          memory.grow
          i32.const -1
          i32.eq
          if
            unreachable
          end
          br $more
        end
      end
      local.get $ptr)

    ;; The skill cards, laid out below as the canonical ABI reads them.
    (func (export "describe") (result i32)
      i32.const 256)

    ;; Branches on the first letter of turn.skill-id (a string at offset 16 of the turn);
    ;; returns ok(completed(none)), which is all zeros.
    (func (export "run") (param $turn i32) (result i32)
      local.get $turn
      i32.load offset=16
      i32.load8_u
      i32.const 116
      i32.eq
      if
        i32.const 160
        memory.grow
        drop
        i32.const 160
        call $grow_extra
        drop
      else
        ref.null func
        i32.const 600000
        table.grow $t
        drop
      end
      i32.const 2048)

    ;; describe's result: a list<skill-card> of 2 cards at 512.
    (data (i32.const 256) "\00\02\00\00\02\00\00\00")
    ;; Each card: id, name (the same string), description, then four empty lists, every
    ;; one a little-endian (pointer, length) pair.
    (data (i32.const 512) "\00\04\00\00\0c\00\00\00\00\04\00\00\0c\00\00\00\40\04\00\00\22\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\80\04\00\00\09\00\00\00\80\04\00\00\09\00\00\00\c0\04\00\00\21\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00")
    (data (i32.const 1024) "two-memories")
    (data (i32.const 1088) "Grows two memories by 10 MiB each.")
    (data (i32.const 1152) "big-table")
    (data (i32.const 1216) "Grows a table by 600 000 entries."))

  (core instance $extra (instantiate $Extra))
  (core instance $main (instantiate $Main (with "extra" (instance $extra))))

  ;; The types of a2a:skill/types@0.1.0 that the exports use, named by exporting them.
  (type $part-content-def (variant
    (case "text" string) (case "raw" (list u8)) (case "url" string) (case "data" string)))
  (export $part-content "part-content" (type $part-content-def))
  (type $part-def (record
    (field "content" $part-content)
    (field "media-type" (option string))
    (field "filename" (option string))
    (field "metadata" (option string))))
  (export $part "part" (type $part-def))
  (type $role-def (enum "user" "agent"))
  (export $role "role" (type $role-def))
  (type $message-def (record
    (field "message-id" string)
    (field "role" $role)
    (field "parts" (list $part))
    (field "metadata" (option string))
    (field "reference-task-ids" (list string))))
  (export $message "message" (type $message-def))
  (type $turn-def (record
    (field "task-id" string)
    (field "context-id" string)
    (field "skill-id" string)
    (field "message" $message)
    (field "history" (list $message))
    (field "metadata" (option string))))
  (export $turn "turn" (type $turn-def))
  (type $reply-def (record (field "parts" (list $part)) (field "metadata" (option string))))
  (export $reply "reply" (type $reply-def))
  (type $outcome-def (variant
    (case "completed" (option $reply))
    (case "input-required" $reply)
    (case "auth-required" $reply)
    (case "rejected" $reply)
    (case "message" $reply)))
  (export $outcome "outcome" (type $outcome-def))
  (type $skill-error-def (record (field "reason" string)))
  (export $skill-error "skill-error" (type $skill-error-def))
  (type $skill-card-def (record
    (field "id" string)
    (field "name" string)
    (field "description" string)
    (field "tags" (list string))
    (field "examples" (list string))
    (field "input-modes" (list string))
    (field "output-modes" (list string))))
  (export $skill-card "skill-card" (type $skill-card-def))

  (func $describe (result (list $skill-card))
    (canon lift (core func $main "describe") (memory (core memory $main "memory"))
      (realloc (core func $main "realloc"))))
  (func $run (param "turn" $turn) (result (result $outcome (error $skill-error)))
    (canon lift (core func $main "run") (memory (core memory $main "memory"))
      (realloc (core func $main "realloc"))))
  (instance $skill (export "describe" (func $describe)) (export "run" (func $run)))
  (export "a2a:skill/skill@0.1.0" (instance $skill)))
